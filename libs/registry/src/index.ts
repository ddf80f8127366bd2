export * from './registry.service';
export * from './register-program/register-program.command';
export * from './registry.module';
