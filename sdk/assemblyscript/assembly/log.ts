import { logHost } from "./host";

export enum LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3 }

/** Writes one line to the installation's log (the Runner bounds count and size). */
export function log(level: LogLevel, message: string): void { logHost(<i32>level, message); }
export function logDebug(message: string): void { logHost(0, message); }
export function logInfo(message: string): void { logHost(1, message); }
export function logWarn(message: string): void { logHost(2, message); }
export function logError(message: string): void { logHost(3, message); }
