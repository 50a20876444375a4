import type { ViewSubmitAction } from '@slack/bolt';

/** What was chosen or typed in a modal's input block (its element's action id is `value`); nothing for a forged form. */
export function inputValue(view: ViewSubmitAction['view'], block: string): { selected?: unknown; text?: unknown } {
  const values = (view.state as { values?: unknown } | undefined)?.values;
  const input = values && typeof values === 'object' ? (values as Record<string, { value?: unknown } | undefined>)[block]?.value : undefined;
  if (!input || typeof input !== 'object') return {};
  const v = input as { selected_option?: { value?: unknown } | null; value?: unknown };
  return { selected: v.selected_option?.value, text: v.value };
}
