// Every call apifm-wxapi@26.9.21's own index.d.ts accepts, apifm-wasm's accepts: for each
// member the vendor declares, the member exists here, every argument list its declaration
// allows is assignable to ours, and each object parameter's field names are all ours (so
// an object literal that passes the vendor's excess-property check passes ours).
// Compiled by tests/js/types.test.js with `apifm-wxapi` the vendor package and
// `apifm-wasm` this package; a mismatch is a type error naming the member.
import type Vendor from 'apifm-wxapi';
import type { WXAPI as Ours } from 'apifm-wasm';

type V = typeof Vendor;
type Both = keyof V & keyof Ours;
type Fn = (...args: any) => any;

/** Members the vendor declares that are missing here. */
type Missing = Exclude<keyof V, keyof Ours>;

/** Members whose vendor argument lists are not all accepted here. */
type NarrowerArguments = {
  [K in Both]: V[K] extends Fn ? (Ours[K] extends Fn ? (Parameters<V[K]> extends Parameters<Ours[K]> ? never : K) : K) : never;
}[Both];

/** Members whose result cannot be used where the vendor's is (a result the vendor types as its promise). */
type OtherResults = {
  [K in Both]: V[K] extends Fn ? (Ours[K] extends Fn ? (ReturnType<Ours[K]> extends ReturnType<V[K]> ? never : K) : K) : never;
}[Both];

type ExtraKeys<A, B> = A extends object ? (B extends object ? Exclude<keyof A, keyof B> : never) : never;
type Position = 0 | 1 | 2 | 3 | 4 | 5;
/** `method.position.field` for each field a vendor object parameter declares and ours lacks. */
type MissingFields = {
  [K in Both]: V[K] extends Fn
    ? Ours[K] extends Fn
      ? {
          [I in Position]: I extends keyof Parameters<V[K]>
            ? `${K & string}.${I}.${ExtraKeys<Parameters<V[K]>[I], NonNullable<Parameters<Ours[K]>[I]>> & string}`
            : never;
        }[Position]
      : never
    : never;
}[Both];

/**
 * Where the vendor's declaration contradicts its own code, so that a call written to it
 * is wrong at run time; ours follow the code:
 * - graphValidateCodeCheck is declared (code, key?) but reads (key = Math.random(), code):
 *   graphValidateCodeCheck(code) sends the code as the key and code=undefined;
 * - yuyueTeamDeleteMember is declared (token, joinId) but posts its one argument as the
 *   form: (token, joinId) sends the token string as the whole body.
 */
type DeclarationBugs = 'graphValidateCodeCheck' | 'yuyueTeamDeleteMember';

// Each is `never` when nothing mismatches; otherwise the error lists the names (as strings).
export const missing: never = null as unknown as `${Missing & string}`;
export const narrowerArguments: never = null as unknown as `${Exclude<NarrowerArguments, DeclarationBugs> & string}`;
/** graphValidateCodeUrl is declared to return the request promise; its code returns the image URL, synchronously (as ours). */
type ResultDeclarationBugs = 'graphValidateCodeUrl';
export const otherResults: never = null as unknown as `${Exclude<OtherResults, ResultDeclarationBugs> & string}`;
export const resultDeclarationBugs: never = null as unknown as `${Exclude<ResultDeclarationBugs, OtherResults>}`;
// …and the exceptions are still mismatches (none goes stale).
export const declarationBugs: never = null as unknown as `${Exclude<DeclarationBugs, NarrowerArguments>}`;
export const missingFields: never = null as unknown as MissingFields;
// The check itself works: a vendor type with a field ours lacks is reported.
export const selfTest: 'goods.0.notAField' = null as unknown as `goods.0.${ExtraKeys<Parameters<V['goods']>[0] & { notAField?: 1 }, NonNullable<Parameters<Ours['goods']>[0]>> & string}`;
