from django.urls import path

from liangxin.core.views import object_urls
from liangxin.members import development_views as development
from liangxin.members import flowing_views as flowing
from liangxin.members import views
from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration, Member, Recruit

app_name = "members"
urlpatterns = [
    *object_urls(Member, views.MemberListView, views.MemberDetailView, views.MemberEditView, views.MemberDeleteView),
    path("<int:pk>/id-number/", views.reveal_id_number, name="member_reveal_id_number"),
    # The development pipeline (发展党员): the people, their steps, each person's next step.
    *object_urls(Recruit, development.RecruitListView, development.RecruitDetailView, development.RecruitEditView,
                 development.RecruitDeleteView, prefix="development/"),
    path("development/<int:pk>/next/", development.StepAddView.as_view(), name="recruit_next_step"),
    path("development/steps/", development.DevelopmentStepListView.as_view(), name="developmentstep_list"),
    path("development/steps/<int:pk>/", development.DevelopmentStepDetailView.as_view(), name="developmentstep_detail"),
    path("development/steps/<int:pk>/edit/", development.DevelopmentStepEditView.as_view(), name="developmentstep_edit"),
    path("development/steps/<int:pk>/delete/", development.DevelopmentStepDeleteView.as_view(), name="developmentstep_delete"),
    # Flowing members (流动党员): the ledger, registrations, certificates, contacts, placement.
    path("flowing/", flowing.FlowingLedgerView.as_view(), name="flowing_list"),
    path("flowing/export/", flowing.FlowingExportView.as_view(), name="flowing_export"),
    path("flowing/<int:pk>/place/", flowing.place, name="member_place"),
    *object_urls(FlowRegistration, flowing.RegistrationList, flowing.RegistrationDetail, flowing.RegistrationEdit,
                 flowing.RegistrationDelete, prefix="flowing/registrations/"),
    *object_urls(FlowCertificate, flowing.CertificateList, flowing.CertificateDetail, flowing.CertificateEdit,
                 flowing.CertificateDelete, prefix="flowing/certificates/"),
    path("flowing/certificates/<int:pk>/card/", flowing.CertificateCardView.as_view(), name="flowcertificate_card"),
    path("flowing/certificates/<int:pk>/renew/", flowing.renew_certificate, name="flowcertificate_renew"),
    path("flowing/certificates/<int:pk>/withdraw/", flowing.withdraw_certificate, name="flowcertificate_withdraw"),
    *object_urls(FlowContact, flowing.ContactList, flowing.ContactDetail, flowing.ContactEdit, flowing.ContactDelete,
                 prefix="flowing/contacts/"),
]
