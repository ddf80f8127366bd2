/** A missing or bad setting; its message names the variable and the value (passwords hidden). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
