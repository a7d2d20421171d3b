/**
 * Every module that calls AWS declares the IAM actions it needs (Cloud Custodian's model).
 * `clinnet-opt iam-policy` is generated from these declarations, so it cannot drift from the code.
 */
export type PermissionScope = 'audit' | 'fix' | 'migrate' | 'cost' | 'org';

export interface PermissionDeclaration {
  /** Who declares it, e.g. 'collector:lambda' or 'fixer:lambda/arm64'. */
  source: string;
  scope: PermissionScope;
  actions: readonly string[];
}

const registry: PermissionDeclaration[] = [];

export function declarePermissions(declaration: PermissionDeclaration): PermissionDeclaration {
  registry.push(declaration);
  return declaration;
}

export function declaredPermissions(): readonly PermissionDeclaration[] {
  return registry;
}
