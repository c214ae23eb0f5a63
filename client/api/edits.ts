import type { HqUpdateBody, StatusCreateBody, StatusRecord } from '../../server/schemas/api.ts';
import { request } from './client.ts';

export type { HqUpdateBody, StatusCreateBody, StatusRecord };
export type HqUpdated = { id: number; communeCode: string; name: string; staffCount: number; version: number };

/** The planner's writes on the map's records (planner, admin): a commune's dated status, an HQ. */
export const editsApi = {
  /** A new dated status record from `validFrom` on, closing the one in force then (the kind's absent value ends it). */
  createStatus: (code: string, body: StatusCreateBody) =>
    request<{ created: StatusRecord | null; closed: StatusRecord | null }>('POST', `/api/communes/${encodeURIComponent(code)}/statuses`, { body }),
  /** Name, staff and a new status from a date; `body.version` must be the one read (409 otherwise). */
  updateHq: (id: number, body: HqUpdateBody) => request<HqUpdated>('PATCH', `/api/hqs/${id}`, { body }),
};
