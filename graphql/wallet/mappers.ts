/**
 * What a resolver hands to a type's field resolvers when that is not the whole GraphQL type
 * (the `mappers` of tooling/codegen/main.ts): the generated `Resolvers` type then expects
 * this from the resolvers that return the type, and gives it to its field resolvers.
 */

/** A wallet without its entries: `Wallet.entries` reads them, with its own `first`. */
export interface Wallet {
  customerId: string;
  currency: string;
  balance: string;
}
