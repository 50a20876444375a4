import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assignOwners,
  leadSdr,
  nextRotationState,
  type AccountInfo,
  type AssignmentInput,
  type OutOfOffice,
  type Person,
  type RotationState,
} from '../../src/core/round-robin.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const TODAY = '2026-06-15';
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function person(slackUserId: string, role: Person['role'], over: Partial<Person> = {}): Person {
  return { slackUserId, email: `${slackUserId.toLowerCase()}@corp.example`, name: slackUserId, role, region: null, eligible: true, consultant: false, ...over };
}

function account(over: Partial<AccountInfo> = {}): AccountInfo {
  return { domain: 'acme.com', region: null, named: false, aeEmail: null, ceEmail: null, namedSdrEmail: null, ...over };
}

function input(over: Partial<AssignmentInput> = {}): AssignmentInput {
  return { people: [], account: null, touches: [], closedOpportunities: [], rotation: [], outOfOffice: [], now: NOW, today: TODAY, ...over };
}

const rot = (role: 'ae' | 'ce', slackUserId: string, lastAssignedAt: string, assignments = 1): RotationState => ({
  role,
  slackUserId,
  lastAssignedAt,
  assignments,
});
const ooo = (who: string, fromDate: string, toDate: string): OutOfOffice => ({ email: `${who.toLowerCase()}@corp.example`, fromDate, toDate });

// Two AEs and two CEs in rotation, plus an SDR pair.
const TEAM: Person[] = [
  person('UAE1', 'ae'),
  person('UAE2', 'ae'),
  person('UCE1', 'ce'),
  person('UCE2', 'ce'),
  person('USDR', 'sdr'),
  person('UISDR', 'inbound_sdr'),
];

describe('named accounts', () => {
  const named = account({ named: true, aeEmail: 'Named.AE@Corp.Example', ceEmail: 'named.ce@corp.example', namedSdrEmail: 'usdr@corp.example' });
  const people = [
    ...TEAM,
    person('UNAE', 'ae', { email: 'named.ae@corp.example', eligible: false }),
    person('UNCE', 'sdr', { email: 'named.ce@corp.example', consultant: true }),
  ];

  it('assigns the account AE and CE, by email, whatever role entry they have', () => {
    expect(assignOwners(input({ people, account: named }))).toEqual({
      ae: { slackUserId: 'UNAE', reason: 'named_account' },
      ce: { slackUserId: 'UNCE', reason: 'named_account' },
    });
  });

  it('beats recent touches and closed opportunities', () => {
    const result = assignOwners(
      input({
        people,
        account: named,
        touches: [
          { slackUserId: 'UAE1', role: 'ae', at: ago(DAY) },
          { slackUserId: 'UCE1', role: 'ce', at: ago(DAY) },
        ],
        closedOpportunities: [{ aeId: 'UAE2', closedAt: ago(DAY) }],
      }),
    );
    expect(result.ae).toEqual({ slackUserId: 'UNAE', reason: 'named_account' });
    expect(result.ce).toEqual({ slackUserId: 'UNCE', reason: 'named_account' });
  });

  it('keeps the named owner even when they are out of office (ownership is not a turn)', () => {
    const result = assignOwners(input({ people, account: named, outOfOffice: [{ email: 'named.ae@corp.example', fromDate: TODAY, toDate: TODAY }] }));
    expect(result.ae?.slackUserId).toBe('UNAE');
  });

  it('does not use a rotation turn', () => {
    const result = assignOwners(input({ people, account: named }));
    expect(nextRotationState([], result, NOW)).toEqual([]);
  });

  it('leaves the SDR to the named SDR', () => {
    const result = assignOwners(input({ people, account: named, touches: [{ slackUserId: 'UISDR', role: 'inbound_sdr', at: ago(DAY) }] }));
    expect(result.sdr).toBeUndefined();
  });

  it('a named account with no CE on file falls through to the rules for the CE only', () => {
    const result = assignOwners(input({ people, account: { ...named, ceEmail: null } }));
    expect(result.ae).toEqual({ slackUserId: 'UNAE', reason: 'named_account' });
    expect(result.ce).toEqual({ slackUserId: 'UCE1', reason: 'rotation' });
  });
});

describe('rules of engagement: recent touch', () => {
  it('an AE who touched the account in the last 30 days gets it, even outside the rotation', () => {
    const people = [...TEAM, person('UOLD', 'ae', { eligible: false, consultant: true })];
    const result = assignOwners(input({ people, account: account(), touches: [{ slackUserId: 'UOLD', role: 'ae', at: ago(10 * DAY) }] }));
    expect(result.ae).toEqual({ slackUserId: 'UOLD', reason: 'recent_touch' });
    expect(nextRotationState([], result, NOW).map((r) => r.role)).toEqual(['ce']); // only the CE used a turn
  });

  it('the most recent touch wins', () => {
    const touches = [
      { slackUserId: 'UAE1', role: 'ae', at: ago(20 * DAY) },
      { slackUserId: 'UAE2', role: 'ae', at: ago(3 * DAY) },
      { slackUserId: 'UAE1', role: 'ae', at: ago(5 * DAY) },
    ];
    expect(assignOwners(input({ people: TEAM, touches })).ae).toEqual({ slackUserId: 'UAE2', reason: 'recent_touch' });
  });

  it.each([
    ['exactly 30 days ago', 30 * DAY, 'recent_touch'],
    ['30 days minus a millisecond', 30 * DAY - 1, 'recent_touch'],
    ['30 days and a millisecond ago', 30 * DAY + 1, 'rotation'],
    ['31 days ago', 31 * DAY, 'rotation'],
  ])('a touch %s → %s', (_label, age, reason) => {
    const result = assignOwners(input({ people: TEAM, touches: [{ slackUserId: 'UAE2', role: 'ae', at: ago(age) }] }));
    expect(result.ae?.reason).toBe(reason);
    expect(result.ae?.slackUserId).toBe(reason === 'rotation' ? 'UAE1' : 'UAE2');
  });

  it('a CE touch makes that CE the CE', () => {
    const result = assignOwners(input({ people: TEAM, touches: [{ slackUserId: 'UCE2', role: 'ce', at: ago(2 * DAY) }] }));
    expect(result.ce).toEqual({ slackUserId: 'UCE2', reason: 'recent_touch' });
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation' });
  });

  it('a touch in another role does not count for this one', () => {
    const people = [...TEAM, person('UBOTH', 'sdr'), person('UBOTH', 'ae')];
    const result = assignOwners(input({ people, touches: [{ slackUserId: 'UBOTH', role: 'sdr', at: ago(DAY) }] }));
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation' });
    expect(result.sdr).toEqual({ slackUserId: 'UBOTH', reason: 'recent_touch' });
  });

  it('a touch by someone no longer on the roster in that role is ignored', () => {
    const people = [...TEAM, person('ULEFT', 'sdr')];
    const result = assignOwners(
      input({
        people,
        touches: [
          { slackUserId: 'ULEFT', role: 'ae', at: ago(DAY) },
          { slackUserId: 'UGONE', role: 'ae', at: ago(DAY) },
        ],
      }),
    );
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation' });
  });

  it('an AE out of office today is passed over for the next toucher', () => {
    const touches = [
      { slackUserId: 'UAE2', role: 'ae', at: ago(1 * DAY) },
      { slackUserId: 'UAE1', role: 'ae', at: ago(9 * DAY) },
    ];
    const result = assignOwners(input({ people: TEAM, touches, outOfOffice: [ooo('UAE2', '2026-06-10', '2026-06-20')] }));
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'recent_touch', passedOver: 'UAE2' });
  });

  it('an AE out of office today falls through to the closed opportunity, then to the rotation', () => {
    const people = [...TEAM, person('UAE3', 'ae')];
    const touches = [{ slackUserId: 'UAE2', role: 'ae', at: ago(DAY) }];
    const out = [ooo('UAE2', TODAY, TODAY)];
    expect(assignOwners(input({ people, touches, outOfOffice: out, closedOpportunities: [{ aeId: 'UAE3', closedAt: ago(40 * DAY) }] })).ae).toEqual({
      slackUserId: 'UAE3',
      reason: 'closed_opportunity',
      passedOver: 'UAE2',
    });
    expect(assignOwners(input({ people, touches, outOfOffice: out })).ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation', passedOver: 'UAE2' });
  });
});

describe('rules of engagement: closed opportunity', () => {
  it.each([
    ['exactly 90 days ago', 90 * DAY, 'closed_opportunity'],
    ['89 days ago', 89 * DAY, 'closed_opportunity'],
    ['90 days and a millisecond ago', 90 * DAY + 1, 'rotation'],
    ['91 days ago', 91 * DAY, 'rotation'],
  ])('an opportunity closed %s → %s', (_label, age, reason) => {
    const result = assignOwners(input({ people: TEAM, closedOpportunities: [{ aeId: 'UAE2', closedAt: ago(age) }] }));
    expect(result.ae?.reason).toBe(reason);
    expect(result.ae?.slackUserId).toBe(reason === 'rotation' ? 'UAE1' : 'UAE2');
  });

  it('the most recent closed opportunity wins, and applies to an AE out of the rotation', () => {
    const people = [...TEAM, person('UVET', 'ae', { eligible: false })];
    const closedOpportunities = [
      { aeId: 'UAE2', closedAt: ago(60 * DAY) },
      { aeId: 'UVET', closedAt: ago(30 * DAY) },
    ];
    expect(assignOwners(input({ people, closedOpportunities })).ae).toEqual({ slackUserId: 'UVET', reason: 'closed_opportunity' });
  });

  it('a recent touch beats a closed opportunity', () => {
    const result = assignOwners(
      input({ people: TEAM, touches: [{ slackUserId: 'UAE1', role: 'ae', at: ago(25 * DAY) }], closedOpportunities: [{ aeId: 'UAE2', closedAt: ago(DAY) }] }),
    );
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'recent_touch' });
  });

  it('closed opportunities say nothing about the CE', () => {
    const people = [...TEAM, person('UCEAE', 'ce')];
    const result = assignOwners(input({ people, closedOpportunities: [{ aeId: 'UCEAE', closedAt: ago(DAY) }] }));
    expect(result.ce).toEqual({ slackUserId: 'UCE1', reason: 'rotation' });
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation' });
  });
});

describe('rotation', () => {
  it('picks whoever waited longest', () => {
    const rotation = [rot('ae', 'UAE1', ago(1 * DAY)), rot('ae', 'UAE2', ago(2 * DAY)), rot('ce', 'UCE1', ago(5 * DAY)), rot('ce', 'UCE2', ago(1 * DAY))];
    expect(assignOwners(input({ people: TEAM, rotation }))).toEqual({
      ae: { slackUserId: 'UAE2', reason: 'rotation' },
      ce: { slackUserId: 'UCE1', reason: 'rotation' },
    });
  });

  it('someone never assigned goes first; ties go to the lower slack id', () => {
    const people = [person('UB', 'ae'), person('UA', 'ae'), person('UC', 'ae')];
    expect(assignOwners(input({ people, rotation: [rot('ae', 'UA', ago(DAY))] })).ae?.slackUserId).toBe('UB');
    expect(assignOwners(input({ people })).ae?.slackUserId).toBe('UA');
    const same = ago(DAY);
    expect(assignOwners(input({ people, rotation: [rot('ae', 'UA', same), rot('ae', 'UB', same), rot('ae', 'UC', same)] })).ae?.slackUserId).toBe('UA');
  });

  it('keeps separate turns per role', () => {
    const people = [person('UX', 'ae'), person('UY', 'ae'), person('UX', 'ce'), person('UY', 'ce')];
    const rotation = [rot('ce', 'UX', ago(DAY))];
    const result = assignOwners(input({ people, rotation }));
    expect(result.ae?.slackUserId).toBe('UX'); // UX's CE turn does not count against them as AE
    expect(result.ce?.slackUserId).toBe('UY');
  });

  it('never gives one person both seats while someone else can take one', () => {
    const people = [person('UX', 'ae'), person('UX', 'ce'), person('UY', 'ce', { region: 'EMEA' })];
    expect(assignOwners(input({ people }))).toEqual({ ae: { slackUserId: 'UX', reason: 'rotation' }, ce: { slackUserId: 'UY', reason: 'rotation' } });
    expect(assignOwners(input({ people: [person('UX', 'ae'), person('UX', 'ce')] })).ce?.slackUserId).toBe('UX');
  });

  it.each([
    ['ineligible', { eligible: false }],
    ['a consultant', { consultant: true }],
  ])('never picks someone %s', (_label, over) => {
    const people = [person('UA', 'ae', over), person('UB', 'ae'), person('UC', 'ce', over)];
    const result = assignOwners(input({ people }));
    expect(result.ae?.slackUserId).toBe('UB');
    expect(result.ce).toBeNull();
  });

  it('returns null when nobody can take the role', () => {
    expect(assignOwners(input({ people: [] }))).toEqual({ ae: null, ce: null });
    expect(assignOwners(input({ people: [person('UA', 'ae')], outOfOffice: [ooo('UA', TODAY, TODAY)] })).ae).toBeNull();
  });

  describe('region', () => {
    const people = [
      person('UA1', 'ae', { region: 'AMER' }),
      person('UA2', 'ae', { region: 'EMEA' }),
      person('UA3', 'ae', { region: 'emea' }),
      person('UA4', 'ae', { region: null }),
    ];
    it.each([
      ['EMEA', 'UA2'],
      ['Emea', 'UA2'],
      ['AMER', 'UA1'],
      ['APAC', 'UA1'], // nobody there: everyone
      [null, 'UA1'],
    ])('account region %s → %s', (region, expected) => {
      expect(assignOwners(input({ people, account: account({ region }) })).ae?.slackUserId).toBe(expected);
    });

    it('rotates within the region', () => {
      const rotation = [rot('ae', 'UA2', ago(DAY))];
      expect(assignOwners(input({ people, rotation, account: account({ region: 'EMEA' }) })).ae?.slackUserId).toBe('UA3');
    });

    it('falls back to everyone when the only people in the region are out of office', () => {
      const result = assignOwners(input({ people, account: account({ region: 'AMER' }), outOfOffice: [ooo('UA1', TODAY, TODAY)] }));
      expect(result.ae?.slackUserId).toBe('UA2');
    });

    it('with no account at all, ignores regions', () => {
      expect(assignOwners(input({ people, account: null })).ae?.slackUserId).toBe('UA1');
    });
  });

  describe('out of office, inclusive dates', () => {
    it.each([
      ['starts today', '2026-06-15', '2026-06-20', true],
      ['ends today', '2026-06-01', '2026-06-15', true],
      ['is just today', '2026-06-15', '2026-06-15', true],
      ['spans today', '2026-06-01', '2026-06-30', true],
      ['starts tomorrow', '2026-06-16', '2026-06-20', false],
      ['ended yesterday', '2026-06-01', '2026-06-14', false],
    ])('leave that %s → out: %s', (_label, from, to, out) => {
      const result = assignOwners(input({ people: TEAM, outOfOffice: [ooo('UAE1', from, to)] }));
      expect(result.ae?.slackUserId).toBe(out ? 'UAE2' : 'UAE1');
    });

    it('matches the email case-insensitively, and only that person', () => {
      expect(assignOwners(input({ people: TEAM, outOfOffice: [{ email: 'UAE1@CORP.EXAMPLE', fromDate: TODAY, toDate: TODAY }] })).ae?.slackUserId).toBe('UAE2');
      expect(assignOwners(input({ people: TEAM, outOfOffice: [{ email: 'xuae1@corp.example', fromDate: TODAY, toDate: TODAY }] })).ae?.slackUserId).toBe(
        'UAE1',
      );
    });
  });
});

describe('fairness', () => {
  function simulate(people: Person[], rounds: number, region: (i: number) => string | null = () => null) {
    let rotation: RotationState[] = [];
    const counts = new Map<string, number>();
    for (let i = 0; i < rounds; i++) {
      const now = new Date(NOW.getTime() + i * 60_000);
      const result = assignOwners(input({ people, rotation, now, account: account({ region: region(i) }) }));
      for (const role of ['ae', 'ce'] as const) {
        const pick = result[role];
        if (pick) counts.set(`${pick.slackUserId}/${role}`, (counts.get(`${pick.slackUserId}/${role}`) ?? 0) + 1);
      }
      for (const row of nextRotationState(rotation, result, now)) {
        rotation = [...rotation.filter((r) => !(r.role === row.role && r.slackUserId === row.slackUserId)), row];
      }
    }
    return { counts, rotation };
  }

  it('over 100 assignments every eligible person gets within one of the others', () => {
    const people = [
      person('UA1', 'ae'),
      person('UA2', 'ae'),
      person('UA3', 'ae'),
      person('UA4', 'ae'),
      person('UC1', 'ce'),
      person('UC2', 'ce'),
      person('UC3', 'ce'),
      person('UAX', 'ae', { eligible: false }),
      person('UCX', 'ce', { consultant: true }),
    ];
    const { counts, rotation } = simulate(people, 100);
    expect([1, 2, 3, 4].map((n) => counts.get(`UA${n}/ae`))).toEqual([25, 25, 25, 25]);
    const ce = [1, 2, 3].map((n) => counts.get(`UC${n}/ce`) ?? 0);
    expect(Math.max(...ce) - Math.min(...ce)).toBeLessThanOrEqual(1);
    expect(ce.reduce((a, b) => a + b)).toBe(100);
    expect(counts.has('UAX/ae')).toBe(false);
    expect(counts.has('UCX/ce')).toBe(false);
    // the stored state carries the counts too
    expect(rotation.filter((r) => r.role === 'ae').map((r) => r.assignments)).toEqual([25, 25, 25, 25]);
  });

  it('is fair within each region', () => {
    const people = [
      person('UE1', 'ae', { region: 'EMEA' }),
      person('UE2', 'ae', { region: 'EMEA' }),
      person('UN1', 'ae', { region: 'AMER' }),
      person('UN2', 'ae', { region: 'AMER' }),
      person('UN3', 'ae', { region: 'AMER' }),
    ];
    const { counts } = simulate(people, 60, (i) => (i % 2 === 0 ? 'EMEA' : 'AMER'));
    expect(['UE1', 'UE2'].map((id) => counts.get(`${id}/ae`))).toEqual([15, 15]);
    expect(['UN1', 'UN2', 'UN3'].map((id) => counts.get(`${id}/ae`))).toEqual([10, 10, 10]);
  });

  it('property: any team, any number of rounds: eligible counts differ by at most one, nobody else is picked', () => {
    const arbPerson = fc.record({ eligible: fc.boolean(), consultant: fc.boolean(), role: fc.constantFrom('ae', 'ce') as fc.Arbitrary<'ae' | 'ce'> });
    fc.assert(
      fc.property(fc.array(arbPerson, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 40 }), (specs, rounds) => {
        const people = specs.map((s, i) => person(`U${String(i).padStart(2, '0')}`, s.role, { eligible: s.eligible, consultant: s.consultant }));
        const { counts } = simulate(people, rounds);
        for (const role of ['ae', 'ce'] as const) {
          const pool = people.filter((p) => p.role === role && p.eligible && !p.consultant);
          const got = pool.map((p) => counts.get(`${p.slackUserId}/${role}`) ?? 0);
          if (pool.length > 0) {
            expect(Math.max(...got) - Math.min(...got)).toBeLessThanOrEqual(1);
            expect(got.reduce((a, b) => a + b, 0)).toBe(rounds);
          }
        }
        for (const key of counts.keys()) {
          const [id, role] = key.split('/');
          const p = people.find((x) => x.slackUserId === id && x.role === role);
          expect(p?.eligible && !p.consultant).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the SDR the lead routes to', () => {
  it.each([
    ['an outbound SDR', 'USDR', 'sdr'],
    ['an inbound SDR', 'UISDR', 'inbound_sdr'],
  ])('%s with a touch in the last 30 days', (_label, id, role) => {
    const result = assignOwners(input({ people: TEAM, touches: [{ slackUserId: id, role, at: ago(30 * DAY) }] }));
    expect(result.sdr).toEqual({ slackUserId: id, reason: 'recent_touch' });
  });

  it('the most recent SDR touch wins; an older one than 30 days does not count', () => {
    const touches = [
      { slackUserId: 'USDR', role: 'sdr', at: ago(20 * DAY) },
      { slackUserId: 'UISDR', role: 'inbound_sdr', at: ago(2 * DAY) },
    ];
    expect(assignOwners(input({ people: TEAM, touches })).sdr?.slackUserId).toBe('UISDR');
    expect(assignOwners(input({ people: TEAM, touches: [{ slackUserId: 'USDR', role: 'sdr', at: ago(30 * DAY + 1) }] })).sdr).toBeUndefined();
  });

  it('an SDR out of office today is skipped', () => {
    const result = assignOwners(
      input({ people: TEAM, touches: [{ slackUserId: 'USDR', role: 'sdr', at: ago(DAY) }], outOfOffice: [ooo('USDR', TODAY, TODAY)] }),
    );
    expect(result.sdr).toBeUndefined();
  });

  it('is absent when nobody touched the account', () => {
    expect(assignOwners(input({ people: TEAM })).sdr).toBeUndefined();
    expect('sdr' in assignOwners(input({ people: TEAM }))).toBe(false);
  });
});

describe('leadSdr: the same rule, asked at signup before anyone is assigned', () => {
  it('agrees with assignOwners', () => {
    const touches = [{ slackUserId: 'UISDR', role: 'inbound_sdr', at: ago(3 * DAY) }];
    expect(leadSdr(input({ people: TEAM, touches }))).toEqual({ slackUserId: 'UISDR', reason: 'recent_touch' });
    expect(leadSdr(input({ people: TEAM }))).toBeNull();
  });

  it('a touch as AE or CE is not an SDR touch, even by someone who is also an SDR', () => {
    const people = [...TEAM, person('UAE1', 'sdr')];
    expect(leadSdr(input({ people, touches: [{ slackUserId: 'UAE1', role: 'ae', at: ago(DAY) }] }))).toBeNull();
  });

  it('a named account with a named SDR routes to them, not to whoever touched it', () => {
    const touches = [{ slackUserId: 'UISDR', role: 'inbound_sdr', at: ago(DAY) }];
    expect(leadSdr(input({ people: TEAM, touches, account: account({ named: true, namedSdrEmail: 'usdr@corp.example' }) }))).toBeNull();
    // Named but nobody on file: the touch decides.
    expect(leadSdr(input({ people: TEAM, touches, account: account({ named: true }) }))?.slackUserId).toBe('UISDR');
  });
});

describe('nextRotationState', () => {
  it('updates only picks that came from the rotation', () => {
    const rotation = [rot('ae', 'UAE1', '2026-01-01T00:00:00.000Z', 7), rot('ce', 'UCE1', '2026-01-01T00:00:00.000Z', 3)];
    expect(nextRotationState(rotation, { ae: { slackUserId: 'UAE1', reason: 'rotation' }, ce: { slackUserId: 'UCE2', reason: 'rotation' } }, NOW)).toEqual([
      { role: 'ae', slackUserId: 'UAE1', lastAssignedAt: NOW.toISOString(), assignments: 8 },
      { role: 'ce', slackUserId: 'UCE2', lastAssignedAt: NOW.toISOString(), assignments: 1 },
    ]);
    for (const reason of ['named_account', 'recent_touch', 'closed_opportunity'] as const) {
      expect(nextRotationState(rotation, { ae: { slackUserId: 'UAE1', reason }, ce: null }, NOW)).toEqual([]);
    }
    expect(nextRotationState(rotation, { ae: null, ce: null }, NOW)).toEqual([]);
  });

  it('does not count a CE row as an AE turn', () => {
    const rotation = [rot('ce', 'UX', '2026-01-01T00:00:00.000Z', 5)];
    expect(nextRotationState(rotation, { ae: { slackUserId: 'UX', reason: 'rotation' }, ce: null }, NOW)[0]?.assignments).toBe(1);
  });
});

describe('purity', () => {
  it('does not modify its input', () => {
    const data = input({
      people: TEAM,
      account: account({ region: 'EMEA' }),
      touches: [{ slackUserId: 'UAE2', role: 'ae', at: ago(DAY) }],
      rotation: [rot('ce', 'UCE2', ago(DAY))],
      outOfOffice: [ooo('UCE1', TODAY, TODAY)],
    });
    const before = JSON.stringify(data);
    const first = assignOwners(data);
    expect(JSON.stringify(data)).toBe(before);
    expect(assignOwners(data)).toEqual(first);
  });
});

describe('open opportunities and people away (issue 17.6)', () => {
  const withOpp = account({ openOpportunity: true, ownerAeEmail: 'UAE2@corp.example' });

  it('an AE holding an open opportunity on the account takes its trial, before a recent touch or the rotation', () => {
    const result = assignOwners(input({ people: TEAM, account: withOpp, touches: [{ slackUserId: 'UAE1', role: 'ae', at: ago(DAY) }] }));
    expect(result.ae).toEqual({ slackUserId: 'UAE2', reason: 'open_opportunity' });
  });

  it('an owner without an open opportunity is only the account’s owner: the usual rules apply', () => {
    const result = assignOwners(
      input({ people: TEAM, account: account({ ownerAeEmail: 'uae2@corp.example' }), touches: [{ slackUserId: 'UAE1', role: 'ae', at: ago(DAY) }] }),
    );
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'recent_touch' });
  });

  it('the opportunity holder out of office: the rules fall back (to the rotation here) and say whom they passed over', () => {
    const result = assignOwners(input({ people: TEAM, account: withOpp, outOfOffice: [ooo('UAE2', '2026-06-01', '2026-06-30')] }));
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation', passedOver: 'UAE2' });
  });

  it('the AE who touched the account out of office: the rotation, with the note', () => {
    const result = assignOwners(
      input({ people: TEAM, touches: [{ slackUserId: 'UAE2', role: 'ae', at: ago(DAY) }], outOfOffice: [ooo('UAE2', '2026-06-10', '2026-06-20')] }),
    );
    expect(result.ae).toEqual({ slackUserId: 'UAE1', reason: 'rotation', passedOver: 'UAE2' });
    // Back from leave: the touch counts again, nothing passed over.
    expect(assignOwners(input({ people: TEAM, touches: [{ slackUserId: 'UAE2', role: 'ae', at: ago(DAY) }] })).ae).toEqual({
      slackUserId: 'UAE2',
      reason: 'recent_touch',
    });
  });
});
