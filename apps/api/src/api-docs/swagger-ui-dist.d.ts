// The one function of swagger-ui-dist the documentation page uses (the package ships no types).
declare module 'swagger-ui-dist' {
  /** The folder the package's files are in. */
  export function getAbsoluteFSPath(): string;
}
