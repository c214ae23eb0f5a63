/** The date of an instant in Vietnam (UTC+7), 'YYYY-MM-DD'. */
export function vietnamDate(t: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}
