/** P2P market: columnar order books, the periodic double auction, the trade log, trading benefits. */
export * from "./benefit";
export * from "./config";
export * from "./doubleAuction";
export * from "./orderBook";
export * from "./tradeLog";
