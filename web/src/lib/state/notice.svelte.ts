/** How long a notice stays: long enough to read a sentence twice (WCAG 2.2.1 does not apply to status text, but people read slowly). */
const SHOWN_MS = 8000;

/** The last thing a write said it did ("Role granted"), shown by NoticeToast in view wherever the page is scrolled. */
class NoticeState {
  text = $state<string | undefined>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string): void {
    this.text = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.clear(), SHOWN_MS);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.text = undefined;
  }
}

export const notice = new NoticeState();
