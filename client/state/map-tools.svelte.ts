/** Which of the map's own tools is open; while measuring, a click on the map adds a point instead of opening anything. */
class MapToolsState {
  open = $state<'measure' | 'goto' | null>(null);
  /** The VN-2000 central meridian the readout and the form use; null until the province is known. */
  centralMeridian = $state<number | null>(null);

  get measuring(): boolean {
    return this.open === 'measure';
  }
}

export const mapTools = new MapToolsState();
