/** What the configuration's specs share. */
import { ConfigError } from '../src';

/**
 * The error `load` throws, checked to be a `ConfigError`, so that a test can go on to read its
 * message: what a refused setting must name, and what it must not show.
 */
export function configErrorOf(load: () => unknown): ConfigError {
  let thrown: unknown;
  try {
    load();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return thrown as ConfigError;
}
