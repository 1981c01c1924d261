/**
 * Error answers in the OpenAPI document. Each names the error codes it may
 * carry twice: in its description for readers, and as an enum on
 * `error.code` in its schema, so a generated client knows them and the
 * contract test (test/server/contract.test.ts) can hold every observed answer
 * against them.
 */
const ERROR_REF = { $ref: '#/components/schemas/Error' };

export interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: { allOf: [typeof ERROR_REF, { type: 'object'; properties: { error: { type: 'object'; properties: { code: { enum: string[] } } } } }] } } };
}

const describe = (codes: readonly string[], when?: string) => `${codes.map((c) => `\`${c}\``).join(', ')}${when ? `: ${when}` : ''}`;

/** An error answer with these codes; `when` says when in words. */
export function errorResponse(codes: readonly string[], when?: string): ErrorResponse {
  return {
    description: describe(codes, when),
    content: { 'application/json': { schema: { allOf: [ERROR_REF, { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: [...codes] } } } } }] } } },
  };
}

/** The codes an error answer declares (none for an answer that is not one of errorResponse's). */
export function codesOf(response: unknown): string[] {
  const schema = (response as Partial<ErrorResponse>)?.content?.['application/json']?.schema;
  const codes = schema?.allOf?.[1]?.properties?.error?.properties?.code?.enum;
  return Array.isArray(codes) ? codes : [];
}

/** Adds codes to an operation's answer for `status` (made when missing), keeping the codes and words it had. */
export function addErrorCodes(responses: Record<string, unknown>, status: string, codes: readonly string[], when: string): void {
  const had = responses[status] as ErrorResponse | undefined;
  const old = codesOf(had);
  const fresh = codes.filter((c) => !old.includes(c));
  if (had && !fresh.length) return;
  if (!had) {
    responses[status] = errorResponse(codes, when);
    return;
  }
  had.content['application/json'].schema.allOf[1].properties.error.properties.code.enum = [...old, ...fresh];
  had.description = `${had.description}; ${describe(fresh, when)}`;
}
