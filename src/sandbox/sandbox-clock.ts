/**
 * The sandbox's clock: real time plus an offset a person moves from the page, read by the bot
 * and the stand-ins alike. (Slack request signatures keep wall-clock time, as Slack's do.)
 */
export class SandboxClock {
  constructor(private offset = 0) {}

  readonly now = (): Date => new Date(Date.now() + this.offset);

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  set(at: Date): void {
    this.offset = at.getTime() - Date.now();
  }
}
