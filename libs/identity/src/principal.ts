import type { Role } from './roles';

/** The verified identity behind a request: who, in which role(s), acting for which locality, vouched for by whom. */
export interface Principal {
  /** The token's user (its subject, or the claim the deployment names). */
  readonly userId: string;
  readonly roles: readonly Role[];
  /** The locality id the user acts for: `VN` for the nation, a province, district or commune id. */
  readonly jurisdiction: string;
  /** The token's issuer: the ledger itself on the embedded default, or the identity provider. */
  readonly issuer: string;
}
