import { ApiProperty } from '@nestjs/swagger';
import { derive, type SubtreeFigures } from '@ledger/read-models';

/** A subtree's figures as JSON: amounts as decimal strings of whole đồng, rates as percentages with two decimals. */
export class SubtreeFiguresView {
  @ApiProperty({ description: 'Accounts in the subtree on this line', example: 33 }) accountCount!: number;
  @ApiProperty({ description: 'Plan: money that entered the subtree from outside it (assigned in it, plus credited from accounts outside it, plus handed over to it), less money it sent out (returns up, reallocations away); a hand-over out stays in the plan', example: '729600000000' })
  planVnd!: string;
  @ApiProperty({ description: 'Of the plan: assigned to accounts inside the subtree', example: '0' }) assignedVnd!: string;
  @ApiProperty({ description: 'Of the plan: credited to the subtree from accounts outside it', example: '729600000000' }) receivedFromOutsideVnd!: string;
  @ApiProperty({ description: 'Of the plan: debited from the subtree towards accounts outside it', example: '0' }) sentOutsideVnd!: string;
  @ApiProperty({ description: 'Of the plan: handed over to the subtree by ended units outside it, in its original state', example: '0' }) handedOverInVnd!: string;
  @ApiProperty({ description: 'Handed over from the subtree to successors outside it when its units ceased to exist (still in its plan)', example: '0' }) handedOverOutVnd!: string;
  @ApiProperty({ description: 'Allocated by the root locality to localities strictly below it, less what they returned to it', example: '707712000000' })
  detailedAllocatedVnd!: string;
  @ApiProperty({ description: 'Allocated by the root locality to localities strictly below it', example: '707712000000' }) allocatedDownVnd!: string;
  @ApiProperty({ description: 'Returned to the root locality from localities below it', example: '0' }) returnedUpVnd!: string;
  @ApiProperty({ description: 'Plan minus detailed allocation', example: '21888000000' }) notYetAllocatedVnd!: string;
  @ApiProperty({ description: 'Disbursed minus reversed, in the whole subtree', example: '300000000000' }) netDisbursedVnd!: string;
  @ApiProperty({ description: 'Sum over the subtree’s accounts of what they hold, less what is held for approval', example: '429600000000' }) availableVnd!: string;
  @ApiProperty({ description: 'Sum over the subtree’s accounts of what pending movement requests hold (four-eyes)', example: '0' }) heldVnd!: string;
  @ApiProperty({ description: 'Sum over the subtree’s accounts: transfers debited towards them, not yet credited', example: '0' }) inTransitInVnd!: string;
  @ApiProperty({ description: 'Sum over the subtree’s accounts: transfers they debited, not yet credited at the destination', example: '0' }) inTransitOutVnd!: string;
  @ApiProperty({ description: 'Sum over the subtree’s accounts of everything received (transfers inside the subtree count at both ends)', example: '1437312000000' })
  receivedVnd!: string;
  @ApiProperty({ description: 'Sum over the subtree’s accounts of allocations out (inside the subtree too)', example: '1437312000000' }) allocatedOutVnd!: string;
  @ApiProperty({ example: '0' }) reallocatedOutVnd!: string;
  @ApiProperty({ example: '0' }) returnedVnd!: string;
  @ApiProperty({ example: '300000000000' }) disbursedVnd!: string;
  @ApiProperty({ example: '0' }) reversedVnd!: string;
  @ApiProperty({ description: 'detailedAllocated / plan, per cent, 2 decimals; null when the plan is 0', nullable: true, type: String, example: '97.00' })
  detailedAllocationRatePercent!: string | null;
  @ApiProperty({ description: 'netDisbursed / plan, per cent, 2 decimals; null when the plan is 0', nullable: true, type: String, example: '41.12' })
  disbursementRatePercent!: string | null;
}

export function toFiguresView(figures: SubtreeFigures): SubtreeFiguresView {
  const derived = derive(figures);
  return {
    accountCount: figures.accountCount,
    planVnd: derived.planVnd.toString(),
    assignedVnd: figures.assignedVnd.toString(),
    receivedFromOutsideVnd: figures.receivedFromOutsideVnd.toString(),
    sentOutsideVnd: figures.sentOutsideVnd.toString(),
    handedOverInVnd: figures.handedOverInVnd.toString(),
    handedOverOutVnd: figures.handedOverOutVnd.toString(),
    detailedAllocatedVnd: derived.detailedAllocatedVnd.toString(),
    allocatedDownVnd: figures.allocatedDownVnd.toString(),
    returnedUpVnd: figures.returnedUpVnd.toString(),
    notYetAllocatedVnd: derived.notYetAllocatedVnd.toString(),
    netDisbursedVnd: derived.netDisbursedVnd.toString(),
    availableVnd: figures.availableVnd.toString(),
    inTransitInVnd: figures.inTransitInVnd.toString(),
    inTransitOutVnd: figures.inTransitOutVnd.toString(),
    heldVnd: figures.heldVnd.toString(),
    receivedVnd: figures.receivedVnd.toString(),
    allocatedOutVnd: figures.allocatedOutVnd.toString(),
    reallocatedOutVnd: figures.reallocatedOutVnd.toString(),
    returnedVnd: figures.returnedVnd.toString(),
    disbursedVnd: figures.disbursedVnd.toString(),
    reversedVnd: figures.reversedVnd.toString(),
    detailedAllocationRatePercent: derived.detailedAllocationRatePercent,
    disbursementRatePercent: derived.disbursementRatePercent,
  };
}

export class LocalityView {
  @ApiProperty({ example: '11' }) localityId!: string;
  @ApiProperty({ example: '11' }) code!: string;
  @ApiProperty({ example: 'Tỉnh Điện Biên' }) name!: string;
  @ApiProperty({ example: 'province' }) level!: string;
}

/** A locality as an answer names it: without its parent and its dates of force. */
export function toLocalityView(locality: LocalityView): LocalityView {
  return { localityId: locality.localityId, code: locality.code, name: locality.name, level: locality.level };
}
