import type { Rule } from '../types.js';
import { vpcGatewayEndpoints } from './gateway-endpoints.js';

export const vpcRules: readonly Rule[] = [vpcGatewayEndpoints];
