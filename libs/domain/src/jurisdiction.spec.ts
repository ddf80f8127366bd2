import { coversLocality } from './jurisdiction';
import { givenRegistry } from '../testing/decider-specification';
import { registryFixtureEvents, registryReformFixtureEvents } from '../testing/registry.fixture';

describe('coversLocality across the 2025 reorganisation', () => {
  const registry = givenRegistry([...registryFixtureEvents, ...registryReformFixtureEvents]);

  it('covers a unit and everything below it, and the nation covers all', () => {
    expect(coversLocality(registry, '11', '03127')).toBe(true);
    expect(coversLocality(registry, 'VN', '03127@2025')).toBe(true);
    expect(coversLocality(registry, '094', '096')).toBe(false);
  });

  it('lets the body that took in a unit whole answer for it: the new province for the old one and its districts, the new ward for the old', () => {
    expect(coversLocality(registry, '11@2025', '11')).toBe(true);
    expect(coversLocality(registry, '11@2025', '094')).toBe(true);
    expect(coversLocality(registry, '11@2025', '03127')).toBe(true);
    expect(coversLocality(registry, '03127@2025', '03127')).toBe(true);
    expect(coversLocality(registry, '03127@2025', '094')).toBe(false);
  });

  it('answers for a split unit only through a unit above it taken in whole', () => {
    expect(coversLocality(registry, '00008@2025', '00007')).toBe(false);
    expect(coversLocality(registry, '01@2025', '00007')).toBe(true);
  });

  it('gives an old jurisdiction nothing of the new structure, and nothing across provinces', () => {
    expect(coversLocality(registry, '11', '11@2025')).toBe(false);
    expect(coversLocality(registry, '11@2025', '01')).toBe(false);
    expect(coversLocality(registry, '01@2025', '094')).toBe(false);
  });
});
