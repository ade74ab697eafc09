import type { FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';
import { createRequire } from 'node:module';
import type {
  ASTNode,
  DocumentNode,
  GraphQLInputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { aboutField, DomainError } from '../domain/shared/decider.ts';
import { apiError } from './errors.ts';

// The schema is built by mercurius with graphql's CommonJS build; TypeInfo's type checks work only
// on types of the same build, so these come from it too.
const {
  Kind,
  TypeInfo,
  getArgumentValues,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  parse,
  visit,
  visitWithTypeInfo,
} = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * What one GraphQL request may cost before anything runs (SECURITY.md, GraphQL): fields counted
 * with every alias and every use of a fragment, string arguments bounded, and a small body except
 * for the operations that carry files.
 */

/** Fields one request may select, aliases and fragment uses counted; the portal's largest page asks for about a hundred. */
export const MAX_FIELDS = 1000;

/** Every request body but an upload's: ample for any query and its variables. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** Mutations whose input carries a file (base64 in the variables); only these may send a larger body. */
const FILE_MUTATIONS = new Set(['requestTopUp', 'openTicket', 'replyToTicket']);

/** A body with a file of `maxUploadBytes`: base64 is 4/3 of the bytes, plus the rest of the operation. */
export const uploadBodyBytes = (maxUploadBytes: number) =>
  Math.ceil((maxUploadBytes * 4) / 3) + SMALL_BODY_BYTES;

// ---- cost ---------------------------------------------------------------------------------------

/**
 * Fields the document selects, each alias and each use of a fragment counted (fragments are
 * priced once and multiplied, so nested fragments cannot blow up the count itself). A fragment
 * cycle counts nothing here: validation refuses it next.
 */
export function fieldCount(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const priced = new Map<string, number>();
  const pricing = new Set<string>();
  const ofSet = (set: SelectionSetNode | undefined): number => {
    let n = 0;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) n += 1 + ofSet(s.selectionSet);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += ofSet(s.selectionSet);
      else n += ofFragment(s.name.value);
      if (n > Number.MAX_SAFE_INTEGER / 2) return n;
    }
    return n;
  };
  const ofFragment = (name: string): number => {
    const known = priced.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || pricing.has(name)) return 0;
    pricing.add(name);
    const n = ofSet(fragment.selectionSet);
    pricing.delete(name);
    priced.set(name, n);
    return n;
  };
  return document.definitions.reduce(
    (n, d) => n + (d.kind === Kind.OPERATION_DEFINITION ? ofSet(d.selectionSet) : 0),
    0,
  );
}

/** Refuses a document that selects more than MAX_FIELDS fields (run before validation, whose cost grows faster). */
export function checkCost(document: DocumentNode): void {
  const n = fieldCount(document);
  if (n > MAX_FIELDS)
    throw apiError(
      'QUERY_TOO_COMPLEX',
      `The request selects ${n} fields (aliases and fragments counted); at most ${MAX_FIELDS}.`,
    );
}

// ---- string arguments ---------------------------------------------------------------------------

/** Free text unless the field says otherwise (`@maxLength`) or its name says what it is. */
const DEFAULT_MAX_CHARS = 5000;
const SHORT_MAX_CHARS = 200;
/** Searches and names are short: one line a person types. */
const isShort = (name: string) => name === 'search' || /name$/i.test(name);

interface Bounded {
  name: string;
  astNode?:
    | {
        directives?: readonly {
          name: { value: string };
          arguments?: readonly { name: { value: string }; value: ASTNode }[];
        }[];
      }
    | null
    | undefined;
}

/** The longest string an argument or input field takes: its `@maxLength(chars:)`, else by its name. */
function maxChars(field: Bounded): number {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'maxLength');
  const chars = directive?.arguments?.find((a) => a.name.value === 'chars')?.value;
  if (chars?.kind === Kind.INT) return Number(chars.value);
  return isShort(field.name) ? SHORT_MAX_CHARS : DEFAULT_MAX_CHARS;
}

/** Walks a coerced input value beside its type; reports the first String or ID over its bound. */
function tooLong(
  value: unknown,
  type: GraphQLInputType,
  field: Bounded,
  path: string[],
): { path: string[]; max: number } | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const found = tooLong(item, nullable.ofType, field, path);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    for (const inner of Object.values(nullable.getFields())) {
      const found = tooLong((value as Record<string, unknown>)[inner.name], inner.type, inner, [
        ...path,
        inner.name,
      ]);
      if (found) return found;
    }
    return null;
  }
  if (
    isScalarType(nullable) &&
    (nullable.name === 'String' || nullable.name === 'ID') &&
    typeof value === 'string'
  ) {
    const max = maxChars(field);
    return value.length > max ? { path, max } : null;
  }
  return null;
}

/**
 * Refuses the operation when any String or ID it passes (inline or in variables, however deep in
 * an input object) is longer than its bound, naming the field, before any resolver runs.
 */
export function checkStringArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): void {
  const typeInfo = new TypeInfo(schema);
  let refused: { path: string[]; max: number } | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (refused || !def || !node.arguments?.length) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(def, node, variables);
        } catch {
          return; // execution reports a wrong argument itself
        }
        for (const arg of def.args) {
          refused = tooLong(values[arg.name], arg.type, arg, [arg.name]);
          if (refused) return;
        }
      },
    }),
  );
  if (refused) {
    const { path, max } = refused as { path: string[]; max: number };
    const message = `At most ${max} characters.`;
    throw new DomainError('BAD_USER_INPUT', aboutField(path.join('.'), message), [
      { path, message },
    ]);
  }
}

// ---- body size ----------------------------------------------------------------------------------

/** The operation a body asks for, if it parses: its kind and root field names. */
function rootFields(body: {
  query?: unknown;
  operationName?: unknown;
}): { operation: string; fields: string[] } | null {
  if (typeof body.query !== 'string' || body.query.length > SMALL_BODY_BYTES) return null;
  let document: DocumentNode;
  try {
    document = parse(body.query, { maxTokens: 2000 });
  } catch {
    return null;
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const chosen =
    typeof body.operationName === 'string'
      ? operations.find((o) => o.name?.value === body.operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!chosen) return null;
  const fields = chosen.selectionSet.selections.map((s) =>
    s.kind === Kind.FIELD ? s.name.value : '…',
  );
  return { operation: chosen.operation, fields };
}

/** A session cookie's name in a Cookie header (either kind); uploads need a signed-in customer. */
const SESSION_COOKIE = /(^|;\s*)(__Host-)?sid=/;

/**
 * A fastify preParsing hook for /graphql: a large body from a caller without a session is refused
 * before it is read (no one anonymous uploads a file).
 */
export async function refuseLargeAnonymousBodies(request: FastifyRequest): Promise<void> {
  if (
    Number(request.headers['content-length']) > SMALL_BODY_BYTES &&
    !SESSION_COOKIE.test(request.headers.cookie ?? '')
  ) {
    throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
  }
}

/**
 * A fastify preValidation hook for /graphql, whose route accepts an upload's body: any body over
 * SMALL_BODY_BYTES must be one mutation of file-carrying fields only; else 413 as fastify answers.
 */
export async function refuseLargeBodies(request: FastifyRequest): Promise<void> {
  const declared = Number(request.headers['content-length']);
  const size = Number.isFinite(declared)
    ? declared
    : Buffer.byteLength(JSON.stringify(request.body ?? null));
  if (size <= SMALL_BODY_BYTES) return;
  const body = request.body;
  const asked =
    body && typeof body === 'object' && !Array.isArray(body)
      ? rootFields(body as Record<string, unknown>)
      : null;
  if (
    asked?.operation === 'mutation' &&
    asked.fields.length > 0 &&
    asked.fields.every((f) => FILE_MUTATIONS.has(f))
  )
    return;
  throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
}
