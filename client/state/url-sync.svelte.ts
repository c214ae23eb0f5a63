import { decodeUrlView, encodeUrlView, type UrlView } from './url-state.ts';
import { view, type SidePanel } from './view.svelte.ts';
import { communeSets } from './commune-sets.svelte.ts';
import { selection } from './selection.svelte.ts';
import { LAYER_KEYS } from './layers.ts';

const SIDE_PANELS: SidePanel[] = ['map', 'dashboard', 'analysis', 'border', 'campaigns'];

/**
 * The view in the address bar. The link the page was opened with is read once, before anything rewrites
 * the address, and applied at log-in: the login page leaves the address as it is, so a shared link opened
 * by someone not yet logged in still shows its view once they are.
 */
let pending: UrlView | null = typeof location === 'undefined' ? null : decodeUrlView(location.search);

/** The shared view waiting to be applied, once. */
export function takeSharedView(): UrlView | null {
  const v = pending;
  pending = null;
  return v && Object.keys(v).length ? v : null;
}

export function applySharedView(v: UrlView): void {
  if (v.province) view.provinceCode = v.province;
  if (v.asOf) view.asOf = v.asOf;
  if (v.colourBy) view.colourBy = v.colourBy;
  if (v.layers) for (const key of LAYER_KEYS) view.layers[key] = v.layers.includes(key);
  if (v.tab && (SIDE_PANELS as string[]).includes(v.tab)) view.panel = v.tab as SidePanel;
  if (v.camera) view.camera = v.camera;
  if (v.selected) communeSets.setSelected(v.selected);
  if (v.highlight) communeSets.setHighlight(v.highlight.codes, v.highlight.source);
  if (v.commune) selection.select(v.commune, { focusPanel: false });
}

/** The current view (reading it inside an effect makes the effect follow every part of it). */
export function currentView(): UrlView {
  return {
    asOf: view.asOf || undefined,
    colourBy: view.colourBy,
    layers: LAYER_KEYS.filter((k) => view.layers[k]),
    tab: view.panel,
    camera: view.camera ?? undefined,
    selected: communeSets.selected,
    highlight: communeSets.highlight ?? undefined,
    commune: selection.code ?? undefined,
    province: view.provinceCode || undefined,
  };
}

const urlFor = (v: UrlView) => {
  const q = encodeUrlView(v);
  return `${location.pathname}${q ? `?${q}` : ''}${location.hash}`;
};

/** Absolute link to the current view, for "Copy link". */
export function shareUrl(): string {
  return new URL(urlFor(currentView()), location.origin).href;
}

/**
 * Keeps the address bar in step with the view, debounced (a pan or the year player would otherwise write
 * dozens of history entries a second; replaceState adds none to the back button either).
 */
export function syncUrl(delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = $effect.root(() => {
    $effect(() => {
      const url = urlFor(currentView());
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
      }, delayMs);
    });
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}

/** At log-out the view is private to the user who leaves: the address goes back to the bare page. */
export function clearUrl(): void {
  history.replaceState(history.state, '', `${location.pathname}${location.hash}`);
}
