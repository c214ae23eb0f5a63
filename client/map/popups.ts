import type { Messages } from '../i18n/index.ts';
import { gateLevelLabel, hqStatusLabel, countryLabel } from '../i18n/labels.ts';

type Props = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? null : String(v));

/** Popup body: a title and label/value rows, built with textContent only (names come from the data). */
function card(title: string, subtitle: string, rows: [string, string][]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'posture-popup';
  const kicker = document.createElement('div');
  kicker.className = 'posture-popup-kicker';
  kicker.textContent = subtitle;
  const heading = document.createElement('strong');
  heading.className = 'posture-popup-title';
  heading.textContent = title;
  const dl = document.createElement('dl');
  for (const [label, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  }
  root.append(kicker, heading, dl);
  return root;
}

/** The HQ's card; with `onedit` (a user who may edit HQs) a button that opens the HQ's form. */
export function hqPopup(p: Props, t: Messages, onedit?: () => void): HTMLElement {
  const root = card(str(p.name) ?? '', t.popup.hq, [
    [t.popup.commune, str(p.communeName) ?? ''],
    [t.popup.status, hqStatusLabel(t, str(p.status))],
    [t.popup.staff, t.detail.staff(Number(p.staffCount ?? 0))],
  ]);
  if (onedit) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'posture-popup-action';
    button.dataset.testid = 'popup-edit-hq';
    button.textContent = t.edit.editInPanel;
    button.addEventListener('click', onedit);
    root.append(button);
  }
  return root;
}

export function borderGatePopup(p: Props, t: Messages): HTMLElement {
  return card(str(p.name) ?? '', t.popup.borderGate, [
    [t.popup.level, gateLevelLabel(t, str(p.level) ?? '')],
    [t.popup.country, countryLabel(t, str(p.countryCode) ?? '')],
  ]);
}
