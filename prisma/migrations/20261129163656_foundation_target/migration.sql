-- AlterTable
ALTER TABLE "Foundation" ADD COLUMN "targetDate" DATETIME;
