/**
 * Which template parameters hold secrets: NoEcho ones, and those whose name says password, secret or token
 * (a `DBPassword` with a Default but no NoEcho is still a password). Their values never leave the resolver.
 */
import type { TemplateParameter } from './types.js';

/** A name that says it holds a secret: DB_PASSWORD, DBPassword, ApiSecret, GithubToken, passwd. */
export const SECRET_NAME = /pass(?:word|wd)|secret|token/i;

export function isSecretParameter(parameter: Pick<TemplateParameter, 'name' | 'noEcho'>): boolean {
  return parameter.noEcho || SECRET_NAME.test(parameter.name);
}
