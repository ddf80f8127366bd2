import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, roles } from '@ledger/identity';

/** A controller that reads the registry: tagged `registry`, with a bearer token, open to every role. */
export function RegistryBrowseController(path: string): ClassDecorator {
  return applyDecorators(ApiTags('registry'), ApiBearerAuth(), Roles(...roles), Controller(path));
}
