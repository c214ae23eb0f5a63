/** The commune whose detail panel is open. */
class SelectionState {
  code = $state<string | null>(null);
  /**
   * Whether the panel should take focus when it shows this commune: yes after a click on the map, no
   * when the commune was chosen from a list (arrowing through a <select> must not pull focus away).
   */
  focusPanel = $state(false);
  /** Element that had focus when the panel opened, so that closing it can give focus back. */
  #returnFocus: HTMLElement | null = null;

  select(code: string, { focusPanel = true } = {}): void {
    if (this.code === null && document.activeElement instanceof HTMLElement) this.#returnFocus = document.activeElement;
    this.code = code;
    this.focusPanel = focusPanel;
  }

  clear(): void {
    this.code = null;
    this.focusPanel = false;
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus();
  }
}

export const selection = new SelectionState();
