/** The console entry points the shim (shim.ts) defines in every isolate; the child calls them through references. */
export interface ConsoleGlobals {
  /** Starts capturing, with these limits (characters and lines), from an empty buffer. */
  __dojoConsoleStart(maxChars: number, maxLines: number): void;
  /** JSON `{ text, truncated }` of what was printed since the last take; empties the buffer. */
  __dojoConsoleTake(): string;
}
