/** The commune whose detail panel is open. */
class SelectionState {
  code = $state<string | null>(null);
  /**
   * Whether the panel should take focus when it shows this commune: yes after a click on the map, no
   * when the commune was chosen from a list (arrowing through a <select> must not pull focus away).
   */
  focusPanel = $state(false);
  /** An HQ of the open commune whose form should open with the panel (the HQ popup's "edit"). */
  editHq = $state<number | null>(null);
  /** Element that had focus when the panel opened, so that closing it can give focus back. */
  #returnFocus: HTMLElement | null = null;

  select(code: string, { focusPanel = true } = {}): void {
    if (this.code === null && document.activeElement instanceof HTMLElement) this.#returnFocus = document.activeElement;
    this.code = code;
    this.focusPanel = focusPanel;
  }

  /** Opens the HQ's commune with the HQ's form open. */
  editHqOf(code: string, hqId: number): void {
    this.select(code);
    this.editHq = hqId;
  }

  clear(): void {
    this.code = null;
    this.editHq = null;
    this.focusPanel = false;
    const back = this.#returnFocus;
    this.#returnFocus = null;
    if (back?.isConnected) back.focus();
  }
}

export const selection = new SelectionState();
