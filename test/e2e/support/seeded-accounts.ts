/*
 * The accounts the end-to-end tests move money between, on the seeded registry: DTTS 2024
 * investment money (DTPT) from the central budget (NSTW), the program's general account (`_`) of
 * the nation, of Tỉnh Điện Biên (11) and of Huyện Mường Nhé (096). Named once, so a test says
 * which account it means rather than spelling its id again.
 */
export const nation = 'DTTS.2024.VN.DTPT.NSTW._';
export const province = 'DTTS.2024.11.DTPT.NSTW._';
export const district = 'DTTS.2024.096.DTPT.NSTW._';
