/**
 * The worker thread that runs the pipeline (check-document.ts) on the documents it is sent, so that
 * the main thread can stop it when one takes too long (a hang) and start a fresh one.
 */
import '../language/polyfill.js';
import { parentPort, workerData } from 'node:worker_threads';
import { DocumentChecker } from './check-document.js';
import type { FuzzDocument } from './fuzz-document.js';

const checker = new DocumentChecker((workerData as { seed: number }).seed);
parentPort!.on('message', (document: FuzzDocument) => {
    void checker.check(document).then((outcome) => parentPort!.postMessage(outcome));
});
process.on('exit', () => checker.dispose());
