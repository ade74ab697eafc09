import ts from 'typescript';

/**
 * Finds the human text of refusals in server source: the message argument of the error
 * constructors and helpers that become a GraphQL error or a field issue, zod's custom messages,
 * `message:` properties and the `error:` of an HTTP route's answer. The message style test (style.test.ts) holds each to one style.
 */

/** Calls whose argument at this position is a message a user reads. */
const MESSAGE_ARGUMENT: Record<string, number> = {
  // domain/shared/decider.ts and the areas' helpers around it
  DomainError: 1,
  badInput: 1,
  conflict: 0,
  fieldError: 1,
  refuse: 1,
  refuseMail: 1,
  refused: 1,
  apiError: 1,
  badFilter: 1,
  // local helpers: settings-rules' fail(path, message), profile's issue(path, message)
  fail: 1,
  issue: 1,
  // errors whose message reaches a field issue (fieldError(field, e.message))
  TaxError: 1,
  MoneyError: 0,
  GraphQLError: 0,
};

/** zod checks whose message is the last argument after a value (`.min(1, 'Required.')`). */
const ZOD_AFTER_VALUE = new Set([
  'min',
  'max',
  'length',
  'regex',
  'gt',
  'gte',
  'lt',
  'lte',
  'multipleOf',
  'startsWith',
  'endsWith',
  'refine',
]);
/** zod checks whose only argument is the message (`.email('Enter a valid email address.')`). */
const ZOD_MESSAGE_ONLY = new Set([
  'email',
  'uuid',
  'url',
  'int',
  'positive',
  'nonnegative',
  'negative',
  'nonpositive',
  'nonempty',
  'finite',
  'datetime',
]);

export interface Message {
  file: string;
  line: number;
  /** The text as written; a `${…}` stands for each interpolation. */
  text: string;
  /** The literal itself (for a rewrite). */
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;
}

const calleeName = (expression: ts.Expression): string | undefined =>
  ts.isIdentifier(expression)
    ? expression.text
    : ts.isPropertyAccessExpression(expression)
      ? expression.name.text
      : undefined;

/** The literals an expression may evaluate to (both branches of a condition, the parts of a +). */
function literals(expression: ts.Expression | undefined): Message['node'][] {
  if (!expression) return [];
  if (
    ts.isStringLiteral(expression) ||
    ts.isNoSubstitutionTemplateLiteral(expression) ||
    ts.isTemplateExpression(expression)
  )
    return [expression];
  if (ts.isParenthesizedExpression(expression)) return literals(expression.expression);
  if (ts.isConditionalExpression(expression))
    return [...literals(expression.whenTrue), ...literals(expression.whenFalse)];
  return [];
}

function messageArguments(node: ts.CallExpression | ts.NewExpression): ts.Expression[] {
  const name = calleeName(node.expression);
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  if (name === undefined) return [];
  const at = MESSAGE_ARGUMENT[name];
  if (at !== undefined) return args[at] ? [args[at]] : [];
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return [];
  if (ZOD_AFTER_VALUE.has(name) && args.length === 2) return [args[1]!];
  if (ZOD_MESSAGE_ONLY.has(name) && args.length === 1) return [args[0]!];
  return [];
}

/** The messages in one source file. */
export function messagesIn(file: string, source: string): Message[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Message[] = [];
  const add = (node: Message['node']) => {
    const text = ts.isTemplateExpression(node)
      ? node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join('')
      : node.text;
    found.push({
      file,
      line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      text,
      node,
    });
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node))
      for (const arg of messageArguments(node)) literals(arg).forEach(add);
    if (
      ts.isPropertyAssignment(node) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      // `message:` of errors and issues; `error:` of the HTTP routes' JSON answers
      (node.name.text === 'message' || node.name.text === 'error')
    )
      literals(node.initializer).forEach(add);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

export { isSentence as inStyle } from '../../domain/shared/message-style.ts';
