/** Input that is not a BOSH manifest (or ops file), with a reason a person can act on; never quotes the input. */
export class ManifestError extends Error {
  constructor(
    message: string,
    public readonly line?: number,
  ) {
    super(message);
    this.name = "ManifestError";
  }
}
