import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

// MapLibre 6 finds its worker next to its own module by default; once bundled, that module is a hashed
// chunk, so point it at the worker file that Vite copies into the build instead.
maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
