/** Attempts at one command when other writers keep moving the stream it decides on. */
export const conflictAttemptsMax = 5;
