import { parentPort, workerData } from "node:worker_threads";
import { type SimulationPlan, simulateRange } from "../engine/simulate.js";

/** A worker thread: runs its share of a simulation and sends the samples back. */
const { plan, from, to } = workerData as { plan: SimulationPlan; from: number; to: number };
parentPort?.postMessage(simulateRange(plan, from, to));
