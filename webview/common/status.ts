// The status line every panel has (<p id="status" class="status">): a message, shown as an error or not.
export function setStatus(el: HTMLElement, text: string, isError = false): void {
  el.textContent = text;
  el.classList.toggle('error', isError);
}
