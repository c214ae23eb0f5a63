import type { Static } from 'typebox';
import type {
  CampaignCreateBody,
  CampaignDetail,
  CampaignList,
  CampaignUpdateBody,
  SelectionBody,
  SelectionExportBody,
  SelectionResult,
  StageChangeBody,
} from '../../server/schemas/campaigns.ts';
import { ApiRequestError, request, withView } from './client.ts';
import { session } from '../state/session.svelte.ts';

export type { CampaignCreateBody, CampaignDetail, SelectionBody, SelectionResult, StageChangeBody };
export type CampaignListResponse = Static<typeof CampaignList>;
export type CampaignSummary = CampaignListResponse['campaigns'][number];
export type SelectedCommune = SelectionResult['communes'][number];
export type ExportFormat = 'csv' | 'xlsx' | 'geojson';

export const campaignsApi = {
  select: (body: SelectionBody, signal?: AbortSignal) => request<SelectionResult>('POST', '/api/selection', { body, signal, read: true }),
  /** The selection export is a POST (the polygon does not fit a URL): fetched, then offered as a file. */
  async exportSelection(body: SelectionExportBody): Promise<Blob> {
    const res = await fetch(withView('/api/selection/export'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken ?? '' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (!res.ok) throw new ApiRequestError(res.status, ((await res.json().catch(() => ({}))) as { message?: string }).message ?? res.statusText, '/api/selection/export');
    return res.blob();
  },
  list: (signal?: AbortSignal) => request<CampaignListResponse>('GET', '/api/campaigns', { signal }),
  get: (id: number, signal?: AbortSignal) => request<CampaignDetail>('GET', `/api/campaigns/${id}`, { signal }),
  create: (body: CampaignCreateBody) => request<CampaignDetail>('POST', '/api/campaigns', { body }),
  /** `body.version` must be the version read; a 409 means someone changed the campaign meanwhile. */
  update: (id: number, body: CampaignUpdateBody) => request<CampaignDetail>('PATCH', `/api/campaigns/${id}`, { body }),
  changeStage: (id: number, body: StageChangeBody) => request<CampaignDetail>('POST', `/api/campaigns/${id}/stages`, { body }),
  /** A plain link: the browser downloads the file with the session cookie. */
  exportUrl: (id: number, format: ExportFormat) => withView(`/api/campaigns/${id}/export?format=${format}`),
};
