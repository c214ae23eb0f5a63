import type { Messages } from '../i18n/types.ts';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isField = (el: EventTarget | null): el is Field =>
  el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;

/** What the browser found wrong with a field, in the interface's language; '' when it is valid. */
export function validityMessage(el: Field, t: Messages['formValidity']): string {
  const v = el.validity;
  if (v.valueMissing) return el instanceof HTMLSelectElement ? t.chooseOne : t.required;
  if (v.badInput || v.typeMismatch) return t.badInput;
  if (v.rangeUnderflow) return t.min((el as HTMLInputElement).min);
  if (v.rangeOverflow) return t.max((el as HTMLInputElement).max);
  if (v.stepMismatch) return t.step((el as HTMLInputElement).step);
  if (v.tooShort) return t.tooShort(String((el as HTMLInputElement).minLength));
  if (v.tooLong) return t.tooLong(String((el as HTMLInputElement).maxLength));
  if (v.patternMismatch) return t.pattern;
  return '';
}

/**
 * The browser words its own form checks (a required field left empty, a number out of range) in the browser's
 * language: an English browser tells a Vietnamese user "Please fill out this field." This words them in the
 * interface's language instead, for every form of the page: when a field is found invalid, its message is set
 * from the failed check; the next input clears it. Fields that set their own message (the date fields) keep it.
 */
export function wordFormChecks(doc: Document, messages: () => Messages): void {
  const worded = new WeakSet<Field>();
  doc.addEventListener(
    'invalid',
    (e) => {
      const el = e.target;
      if (!isField(el)) return;
      if (el.validity.customError && !worded.has(el)) return;
      if (worded.has(el)) el.setCustomValidity('');
      const message = validityMessage(el, messages().formValidity);
      if (!message) return;
      el.setCustomValidity(message);
      worded.add(el);
    },
    true,
  );
  const clear = (e: Event) => {
    const el = e.target;
    if (isField(el) && worded.has(el)) {
      el.setCustomValidity('');
      worded.delete(el);
    }
  };
  doc.addEventListener('input', clear, true);
  doc.addEventListener('change', clear, true);
}
