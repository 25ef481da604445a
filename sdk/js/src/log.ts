import { write } from "selegic:extension/log@1.0.0";

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Writes one line to the installation's log (the Runner keeps at most 100 lines of 4,096 characters). */
export function log(level: LogLevel, message: string): void { write(level, message); }
export function logDebug(message: string): void { write("debug", message); }
export function logInfo(message: string): void { write("info", message); }
export function logWarn(message: string): void { write("warn", message); }
export function logError(message: string): void { write("error", message); }
