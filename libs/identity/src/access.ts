import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';
import type { Role } from './roles';

export const rolesMetadataKey = 'ledger:roles';
export const publicMetadataKey = 'ledger:public';

/** The roles that may call an endpoint; every endpoint names them or is `@Public()`. */
export const Roles = (...allowed: Role[]) => SetMetadata(rolesMetadataKey, allowed);
/** An endpoint anyone may call: health probes, the OpenAPI document, the dashboard's page and assets. */
export const Public = () => SetMetadata(publicMetadataKey, true);

/** What the guard leaves on the request it let through. */
export interface AuthenticatedRequest {
  principal?: Principal;
  /** The role of the principal that the endpoint allowed: the one recorded as the actor's role. */
  actingRole?: Role;
}

/** Authorization was refused: 403 with a code naming the rule. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
  constructor(
    readonly code: 'ROLE_NOT_ALLOWED' | 'OUTSIDE_JURISDICTION' | 'NO_ACCESS_POLICY',
    message: string,
    readonly details: Readonly<Record<string, string | readonly string[]>> = {},
  ) {
    super(message);
  }
}

/** The verified principal of the request (the guard guarantees one on every non-public endpoint). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});

/** The principal and the role it acts in, as recorded on the events of a command. */
export interface ActingPrincipal {
  readonly principal: Principal;
  readonly role: Role;
}

export const Acting = createParamDecorator((_data: unknown, context: ExecutionContext): ActingPrincipal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal || !request.actingRole) throw new AccessDeniedError('NO_ACCESS_POLICY', 'this endpoint has no access policy');
  return { principal: request.principal, role: request.actingRole };
});
