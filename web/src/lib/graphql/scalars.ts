/** A decimal amount as the API sends it, e.g. "1500.00". Never converted to a number. */
export type Decimal = string;
/** An ISO-8601 instant. */
export type DateTime = string;
