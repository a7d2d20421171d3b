/** Monthly money in a rule's message: "+$1.23/month", "-$1.23/month", never "+$0.00/month". */
export function monthlyText(value: number): string {
  if (Math.round(value * 100) === 0) return Math.abs(value) < 1e-9 ? 'no change in the monthly cost at today\'s usage' : 'under $0.01/month at today\'s usage';
  return `${value < 0 ? '-' : '+'}$${Math.abs(value).toFixed(2)}/month`;
}
