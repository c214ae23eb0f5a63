import { api, ApiRequestError, type BasemapTileJson } from '../api/client.ts';

/** Whether the server has a basemap (POSTURE_BASEMAP), read once per session. */
class BasemapState {
  status = $state<'unknown' | 'loading' | 'present' | 'absent' | 'failed'>('unknown');
  tilejson = $state.raw<BasemapTileJson | null>(null);

  async load(): Promise<void> {
    if (this.status !== 'unknown' && this.status !== 'failed') return;
    this.status = 'loading';
    try {
      this.tilejson = await api.basemap();
      this.status = 'present';
    } catch (err) {
      this.tilejson = null;
      this.status = err instanceof ApiRequestError && err.status === 404 ? 'absent' : 'failed';
    }
  }
}

export const basemap = new BasemapState();
