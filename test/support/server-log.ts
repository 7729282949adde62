// Shared by the fuzz test (moved out to keep test/fuzz.e2e-spec.ts under the 600-line limit).
export /** Records what the server logs through Nest's logger (and console.error/warn) until the returned function is called. */
function captureServerLog(into: string[]): () => void {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const { error, warn } = console;
  const record = (chunk: unknown) => {
    const text = String(chunk);
    if (text.includes('[Nest]')) into.push(text.trim().slice(0, 500));
  };
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    return (stdout as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    return (stderr as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  console.error = (...args: unknown[]) => into.push(`console.error ${args.map(String).join(' ').slice(0, 500)}`);
  console.warn = (...args: unknown[]) => into.push(`console.warn ${args.map(String).join(' ').slice(0, 500)}`);
  return () => {
    process.stdout.write = stdout as typeof process.stdout.write;
    process.stderr.write = stderr as typeof process.stderr.write;
    console.error = error;
    console.warn = warn;
  };
}
