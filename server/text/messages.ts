import { said, type Said } from './lang.ts';

/** Messages several resources share, in both languages. */

/** A record another person saved since the caller read it (409). */
export const changedBySomeoneElse = (what: Said, theirs: number, yours: number): Said =>
  said(
    `${what.en} was changed by someone else (version ${theirs}, yours ${yours}); reload and try again`,
    `${what.vi} vừa được người khác sửa (phiên bản ${theirs}, của bạn ${yours}); hãy tải lại rồi thử lại`,
  );

/** A text field left blank. */
export const mustNotBeBlank = (field: string, fieldVi: string): Said => said(`${field}: must not be blank`, `${fieldVi}: không được để trống`);

/** A record that does not exist or lies outside the caller's area (404). */
export const notFoundSaid = (what: Said): Said => said(`${what.en} not found`, `không tìm thấy ${what.vi}`);
