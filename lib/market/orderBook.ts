import { DataError } from "../core/errors";

/**
 * One side of a market interval's order book, as columns: row i is one order of one entity.
 * Offers (sell orders) and bids (buy orders) live in separate books. `n` rows are valid; the
 * column arrays may be longer (pre-allocated), so a book is filled step after step without
 * allocation: `resetOrderBook(book)` then `addOrder(...)` (or write the columns directly and set `n`).
 */
export interface OrderBook {
  /** Number of valid rows. */
  n: number;
  /** Entity id of the order's owner (prosumer, consumer, ...), as the sim numbers entities. */
  participant: Int32Array;
  /** Energy offered or wanted in the interval (MWh, >= 0). */
  quantityMwh: Float64Array;
  /** Limit price (USD/MWh): the lowest a seller accepts, the highest a buyer pays (before fees). */
  limitPriceUsdPerMwh: Float64Array;
}

/** An empty book with room for `capacity` orders. */
export function createOrderBook(capacity = 0): OrderBook {
  const c = Math.max(0, Math.floor(capacity));
  return {
    n: 0,
    participant: new Int32Array(c),
    quantityMwh: new Float64Array(c),
    limitPriceUsdPerMwh: new Float64Array(c),
  };
}

/** Capacity of the book's columns (rows that can be written without growing). */
export function orderBookCapacity(book: OrderBook): number {
  return Math.min(book.participant.length, book.quantityMwh.length, book.limitPriceUsdPerMwh.length);
}

/** Grows the columns (keeping the first `n` rows) so that at least `capacity` rows fit. */
export function reserveOrderBook(book: OrderBook, capacity: number): void {
  if (orderBookCapacity(book) >= capacity) return;
  const c = Math.max(capacity, 2 * orderBookCapacity(book), 16);
  const participant = new Int32Array(c);
  const quantityMwh = new Float64Array(c);
  const limitPriceUsdPerMwh = new Float64Array(c);
  participant.set(book.participant.subarray(0, book.n));
  quantityMwh.set(book.quantityMwh.subarray(0, book.n));
  limitPriceUsdPerMwh.set(book.limitPriceUsdPerMwh.subarray(0, book.n));
  book.participant = participant;
  book.quantityMwh = quantityMwh;
  book.limitPriceUsdPerMwh = limitPriceUsdPerMwh;
}

/** Empties the book (keeps its buffers). */
export function resetOrderBook(book: OrderBook): void {
  book.n = 0;
}

/** Appends one order (growing the columns if needed) and returns its row. */
export function addOrder(
  book: OrderBook,
  participant: number,
  quantityMwh: number,
  limitPriceUsdPerMwh: number,
): number {
  if (book.n >= orderBookCapacity(book)) reserveOrderBook(book, book.n + 1);
  const i = book.n++;
  book.participant[i] = participant;
  book.quantityMwh[i] = quantityMwh;
  book.limitPriceUsdPerMwh[i] = limitPriceUsdPerMwh;
  return i;
}

/** A book holding copies of the given columns (tests, small examples). */
export function orderBookFrom(
  participant: ArrayLike<number>,
  quantityMwh: ArrayLike<number>,
  limitPriceUsdPerMwh: ArrayLike<number>,
): OrderBook {
  const n = participant.length;
  if (quantityMwh.length !== n || limitPriceUsdPerMwh.length !== n) {
    throw new DataError(
      `columns differ in length: participant ${n}, quantityMwh ${quantityMwh.length}, limitPriceUsdPerMwh ${limitPriceUsdPerMwh.length}`,
      "orderBookFrom",
      "pass one value per order in every column",
    );
  }
  const book = createOrderBook(n);
  book.participant.set(Array.from(participant));
  book.quantityMwh.set(Array.from(quantityMwh));
  book.limitPriceUsdPerMwh.set(Array.from(limitPriceUsdPerMwh));
  book.n = n;
  return book;
}

/**
 * Throws a DataError naming the book and row if an order is malformed: quantity not finite or
 * negative, limit price not finite, or `n` larger than the columns. O(n).
 */
export function validateOrderBook(book: OrderBook, name: string): void {
  if (!Number.isInteger(book.n) || book.n < 0 || book.n > orderBookCapacity(book)) {
    throw new DataError(
      `n = ${book.n} is not an integer in [0, ${orderBookCapacity(book)}] (the column length)`,
      name,
      "call reserveOrderBook before writing rows, or use addOrder",
    );
  }
  const q = book.quantityMwh;
  const p = book.limitPriceUsdPerMwh;
  for (let i = 0; i < book.n; i++) {
    const qi = q[i];
    if (!(qi >= 0) || qi === Number.POSITIVE_INFINITY) {
      throw new DataError(
        `quantityMwh must be finite and >= 0, got ${qi} (participant ${book.participant[i]})`,
        `${name}[${i}]`,
        "check the controller's bid/offer quantities",
      );
    }
    if (!Number.isFinite(p[i])) {
      throw new DataError(
        `limitPriceUsdPerMwh must be finite, got ${p[i]} (participant ${book.participant[i]})`,
        `${name}[${i}]`,
        "check the controller's bid/offer prices",
      );
    }
  }
}
