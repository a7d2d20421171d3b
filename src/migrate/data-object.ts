/**
 * An object for keys taken from the data: with no prototype, a key spelled "__proto__" (a legal
 * DynamoDB attribute or map key) is an ordinary property instead of silently changing the prototype.
 */
export function dataObject<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
