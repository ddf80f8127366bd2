/** JSON for the terminal: amounts and positions are `bigint`, written as decimal strings as the HTTP API does. */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, member: unknown) => (typeof member === 'bigint' ? member.toString() : member), indent);
}
