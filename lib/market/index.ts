/** P2P market: columnar order books, the periodic double auction, the trade log, trading benefits; the centralised pool for comparison. */
export * from "./benefit";
export * from "./config";
export * from "./doubleAuction";
export * from "./orderBook";
export * from "./poolClearing";
export * from "./tradeLog";
