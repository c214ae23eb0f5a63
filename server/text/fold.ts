/**
 * Folds Vietnamese text for matching: tones and vowel marks removed, đ/Đ → d (NFD leaves đ alone: it is a
 * letter of its own, not d plus a mark), lower case, runs of white space collapsed.
 * Agrees with the SQL function posture_fold (migration 006) on Vietnamese text.
 *
 * @example fold('Xã Mường Nhé') // 'xa muong nhe'
 * @example fold('ĐIỆN BIÊN') // 'dien bien'
 */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case with tones kept (NFC), for ranking matches typed with the right tones first. */
export function lowerKeepingTones(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
