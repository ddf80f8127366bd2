import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessDeniedError, publicMetadataKey, rolesMetadataKey, type AuthenticatedRequest } from './access';
import type { Role } from './roles';
import { TokenRefusedError, TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

interface RequestWithHeaders extends AuthenticatedRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

const bearerPattern = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Every request but a public one carries a bearer token that verifies, and a role the endpoint
 * allows. An endpoint that names no roles is refused to everyone: access is granted, never assumed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(publicMetadataKey, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(rolesMetadataKey, targets);
    if (!allowed || allowed.length === 0) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} names no roles: refused to everyone`);
      throw new AccessDeniedError('NO_ACCESS_POLICY', 'this endpoint has no access policy');
    }
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    const header = request.headers.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined) throw new TokenRefusedError('missing', 'a bearer token is needed: Authorization: Bearer <token>');
    const match = bearerPattern.exec(value);
    if (!match) throw new TokenRefusedError('malformed', 'the Authorization header must be "Bearer <token>"');
    const principal = await this.verifier.verify(match[1]);
    const role = allowed.find((candidate) => principal.roles.includes(candidate));
    if (!role) {
      throw new AccessDeniedError('ROLE_NOT_ALLOWED', `this endpoint is for ${allowed.join(', ')}`, { allowedRoles: allowed, roles: principal.roles });
    }
    request.principal = principal;
    request.actingRole = role;
    return true;
  }
}
