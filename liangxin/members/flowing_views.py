"""The flowing members' pages (MEM-3): the 流动党员台账 and its export, registrations, the
活动证 (issue, renew, withdraw, a printable card), contacts, and placing a member who has no
party organization into one."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import views as core
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.links import opens_when
from liangxin.members import flowing
from liangxin.members.flowing_forms import (
    FlowCertificateForm,
    FlowContactForm,
    FlowRegistrationForm,
    PlacementForm,
    RenewForm,
    WithdrawForm,
)
from liangxin.members.flowing_tables import (
    CertificateFilterSet,
    CertificateTable,
    ContactFilterSet,
    ContactTable,
    FlowingFilterSet,
    FlowingTable,
    RegistrationFilterSet,
    RegistrationTable,
    write_flowing,
)
from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration, Member
from liangxin.rules.services import root_region


class FlowingLedgerView(core.ObjectListView):
    """流动党员台账: every flowing member in the jurisdiction, with the other end, the
    verification, the certificate and the last contact."""

    model = Member
    queryset = flowing.flowing_members(Member.objects.select_related("organization", "party_org"))
    filterset_class = FlowingFilterSet
    table_class = FlowingTable
    template_name = "members/flowing_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "流动党员台账"
        context["can_add"] = False  # a flow is registered from the member's page
        return context


class FlowingExportView(FlowingLedgerView):
    def get(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(), request=request)
        out = io.BytesIO()
        count = write_flowing(filterset.qs, request.user, out)
        record(ChangeLog.Action.EXPORT, user=request.user, region_path=getattr(root_region(request.user), "path", ""),
               detail=f"导出流动党员台账{count}条")
        response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = attachment_disposition(dated_filename("流动党员台账"))
        return response


def _views(model, form_class, fields: str):
    """The detail, edit and delete pages of a flowing member's record (each is listed on the
    member's page); saving goes back to the member."""

    class Detail(core.ObjectDetailView):
        pass

    class Edit(core.ObjectEditView):
        def get_success_url(self, obj) -> str:
            return reverse("members:member_detail", args=[obj.member_id])

    class Delete(core.ObjectDeleteView):
        pass

    for view in (Detail, Edit, Delete):
        view.model = model
        view.queryset = model.objects.select_related("member")
    Detail.fields = fields
    Edit.form_class = form_class
    return Detail, Edit, Delete


RegistrationDetail, RegistrationEdit, RegistrationDelete = _views(
    FlowRegistration, FlowRegistrationForm,
    "member,direction,other_party_org,other_place,reason,registered_on,verified_on,ended_on,note")
ContactDetail, ContactEdit, ContactDelete = _views(
    FlowContact, FlowContactForm, "member,date,way,situation,thoughts,whereabouts")
CertificateDetail, CertificateEdit, CertificateDelete = _views(
    FlowCertificate, FlowCertificateForm, "member,number,issued_on,valid_until,issuer,status,withdrawn_on,withdraw_reason")


class RegistrationList(core.ObjectListView):
    model = FlowRegistration
    queryset = FlowRegistration.objects.select_related("member")
    filterset_class = RegistrationFilterSet
    table_class = RegistrationTable


class CertificateList(core.ObjectListView):
    model = FlowCertificate
    queryset = FlowCertificate.objects.select_related("member")
    filterset_class = CertificateFilterSet
    table_class = CertificateTable


class ContactList(core.ObjectListView):
    model = FlowContact
    queryset = FlowContact.objects.select_related("member")
    filterset_class = ContactFilterSet
    table_class = ContactTable


def _may_change_certificate(user, kwargs) -> bool:
    return FlowCertificate.objects.scoped(user, "change").filter(pk=kwargs["pk"], status=FlowCertificate.Status.VALID).exists()


def _certificate_action(request, pk, form_class, template_title, act):
    if not request.user.has_perm("members.change_flowcertificate"):
        raise PermissionDenied("您的角色不能办理活动证。")
    certificate = get_object_or_404(FlowCertificate.objects.scoped(request.user, "change").select_related("member"), pk=pk)
    if certificate.status != FlowCertificate.Status.VALID:
        messages.error(request, "该活动证已换发或收回，不能再办理。")
        return redirect(certificate.get_absolute_url())
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            result = act(certificate, form.cleaned_data)
        messages.success(request, result)
        return redirect(reverse("members:member_detail", args=[certificate.member_id]))
    return render(request, "members/flowing_action.html", {"form": form, "object": certificate,
                                                          "title": f"{template_title}：{certificate.number}",
                                                          "cancel_url": certificate.get_absolute_url()})


@opens_when(_may_change_certificate)
@login_required
def renew_certificate(request, pk):
    def act(certificate, data):
        new = flowing.renew(certificate, data["number"], data["issued_on"], data["valid_until"])
        return f"已换发活动证{new.number}，有效期至{new.valid_until:%Y-%m-%d}。"

    return _certificate_action(request, pk, RenewForm, "换发活动证", act)


@opens_when(_may_change_certificate)
@login_required
def withdraw_certificate(request, pk):
    def act(certificate, data):
        flowing.withdraw(certificate, data["withdrawn_on"], data["reason"])
        return f"已收回活动证{certificate.number}。"

    return _certificate_action(request, pk, WithdrawForm, "收回活动证", act)


class CertificateCardView(core.ObjectDetailView):
    """The certificate as a printable card (A6: name, number, validity, the issuing and the
    receiving party organizations)."""

    model = FlowCertificate
    queryset = FlowCertificate.objects.select_related("member__organization", "member__party_org")

    def get_template_names(self):
        return ["members/flowcertificate_card.html"]


def _may_place(user, kwargs) -> bool:
    return Member.objects.scoped(user, "change").filter(pk=kwargs["pk"], flow_status=Member.FlowStatus.INFLOW,
                                                          party_org__isnull=True).exists()


@opens_when(_may_place)
@login_required
def place(request, pk):
    """编入党的组织: a flowing member with no party organization joins one (MEM-3 lists them until then)."""
    if not request.user.has_perm("members.change_member"):
        raise PermissionDenied("您的角色不能调整党员的组织关系。")
    member = get_object_or_404(Member.objects.scoped(request.user, "change").select_related("organization__region"), pk=pk)
    if member.party_org_id or member.flow_status != Member.FlowStatus.INFLOW:
        raise PermissionDenied("只有尚未编入党组织的流入党员需要编入。")
    suggested, others = flowing.placement_choices(member, request.user)
    form = PlacementForm(request.POST or None, suggested=suggested, others=others)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic(), tracked(member):
            member.party_org = form.cleaned_data["party_org"]
            member.save()
        messages.success(request, f"已将{member.name}编入{member.party_org}。")
        return redirect(member.get_absolute_url())
    return render(request, "members/flowing_action.html", {"form": form, "object": member, "title": f"编入党组织：{member.name}",
                                                          "cancel_url": member.get_absolute_url(), "suggested": suggested})


