import { axeGate } from './axe-gate.ts';

axeGate('sv');
