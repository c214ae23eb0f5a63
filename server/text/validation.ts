import { said, type Said } from './lang.ts';

/** One schema validation error as Ajv reports it (the part Fastify passes on in `err.validation`). */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

const TYPE_VI: Record<string, string> = {
  integer: 'một số nguyên',
  number: 'một số',
  string: 'một chuỗi ký tự',
  boolean: 'true hoặc false',
  array: 'một danh sách',
  object: 'một đối tượng',
  null: 'null',
};

const list = (values: unknown): string =>
  (Array.isArray(values) ? values : [values]).map((v) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v))).join(', ');

/** The Vietnamese wording of what an Ajv keyword found wrong, after the field's name; null for a keyword not listed. */
function whatVi(e: ValidationIssue): string | null {
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `thiếu trường bắt buộc "${String(p.missingProperty)}"`;
    case 'type':
      return `phải là ${String(p.type)
        .split(',')
        .map((t) => TYPE_VI[t] ?? t)
        .join(' hoặc ')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const words: Record<string, string> = { '>=': 'không nhỏ hơn', '<=': 'không lớn hơn', '>': 'lớn hơn', '<': 'nhỏ hơn' };
      return `phải ${words[String(p.comparison)] ?? String(p.comparison)} ${String(p.limit)}`;
    }
    case 'minLength':
      return Number(p.limit) === 1 ? 'không được để trống' : `phải có ít nhất ${String(p.limit)} ký tự`;
    case 'maxLength':
      return `không được dài quá ${String(p.limit)} ký tự`;
    case 'minItems':
      return `phải có ít nhất ${String(p.limit)} phần tử`;
    case 'maxItems':
      return `không được có quá ${String(p.limit)} phần tử`;
    case 'enum':
      return `phải là một trong: ${list(p.allowedValues)}`;
    case 'const':
      return `phải bằng ${list(p.allowedValue)}`;
    case 'pattern':
      return 'không đúng định dạng';
    case 'format':
      return p.format === 'date' ? 'phải là ngày dạng YYYY-MM-DD' : `không đúng định dạng ${String(p.format)}`;
    case 'additionalProperties':
      return `không nhận trường "${String(p.additionalProperty)}"`;
    case 'multipleOf':
      return `phải là bội số của ${String(p.multipleOf)}`;
    case 'anyOf':
    case 'oneOf':
      return 'không khớp với dạng nào được phép';
    case 'uniqueItems':
      return 'không được có phần tử trùng nhau';
    default:
      return null;
  }
}

const FIELD_PART_VI: Record<string, string> = { body: 'nội dung', querystring: 'tham số', params: 'đường dẫn', headers: 'tiêu đề' };

/** A field of a request as Vietnamese messages name it: "nội dung/on" for body/on. */
export const fieldVi = (where: string, instancePath: string): string => `${FIELD_PART_VI[where] ?? where}${instancePath}`;

/**
 * A schema validation error in both languages, naming the part of the request and the field: Fastify's own English
 * wording ("body/staffCount must be integer") and its Vietnamese counterpart ("nội dung/staffCount phải là một số
 * nguyên"). A keyword without a Vietnamese wording still names the field and says the value is not valid.
 */
export function validationSaid(where: string, e: ValidationIssue, english: string): Said {
  const field = fieldVi(where, e.instancePath);
  const vi = whatVi(e);
  return said(english, `${field}: ${vi ?? 'giá trị không hợp lệ'}`);
}
